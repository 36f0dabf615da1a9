import { ChatScreen } from '../../../chat/chat-screen';

export default function ChatPage() {
  return <ChatScreen />;
}
