import { ChatScreen } from '../../../../chat/chat-screen';

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const { conversationId } = await params;
  return <ChatScreen conversationId={conversationId} />;
}
