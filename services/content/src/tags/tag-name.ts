import { tagNameField } from '@tracera/contracts';

/** A list filter's tag as stored (`#Kube Ops` → `kube-ops`); null when no tag could have that name. */
export function storedTagName(raw: string): string | null {
  const parsed = tagNameField.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
