import { NavLink, Stack, Text } from "@mantine/core";
import type { DevMail } from "./api.js";
import { formatTime } from "./format.js";

interface MessageListProps {
  messages: DevMail[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function MessageList({ messages, selectedId, onSelect }: MessageListProps) {
  if (messages.length === 0) {
    return (
      <Text size="sm" c="dimmed" p="md">
        No mail yet. Request a sign-in link and it shows up here.
      </Text>
    );
  }
  return (
    <Stack component="ul" gap={2} p={4} m={0} style={{ listStyle: "none" }}>
      {messages.map((message) => (
        <li key={message.id}>
          <NavLink
            component="button"
            type="button"
            active={message.id === selectedId}
            aria-current={message.id === selectedId ? "true" : undefined}
            onClick={() => onSelect(message.id)}
            label={
              <Text size="sm" fw={600} lineClamp={1}>
                {message.subject}
              </Text>
            }
            description={
              <Text component="span" size="xs" c="dimmed">
                To {message.to} · {formatTime(message.createdAt)}
              </Text>
            }
            styles={{ root: { borderRadius: "var(--mantine-radius-sm)" } }}
          />
        </li>
      ))}
    </Stack>
  );
}
