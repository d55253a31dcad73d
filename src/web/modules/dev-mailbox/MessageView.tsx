import { Box, Divider, Group, Stack, Tabs, Text, Title } from "@mantine/core";
import type { DevMail } from "./api.js";
import { formatTime } from "./format.js";
import { linkify } from "./linkify.js";

/** One message: headers, the text body with clickable links, and the HTML body in a sandbox. */
export function MessageView({ message }: { message: DevMail }) {
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={2} size="h4" style={{ overflowWrap: "anywhere" }}>
          {message.subject}
        </Title>
        <Group gap="lg">
          <Text size="sm">
            <Text span c="dimmed" size="sm">
              To{" "}
            </Text>
            {message.to}
          </Text>
          <Text size="sm" c="dimmed">
            {formatTime(message.createdAt)}
          </Text>
        </Group>
      </Stack>
      <Divider />
      <Tabs defaultValue="text" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="text">Text</Tabs.Tab>
          <Tabs.Tab value="html" disabled={message.html === ""}>
            HTML
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="text" pt="md">
          <Box
            component="pre"
            m={0}
            ff="monospace"
            fz="sm"
            style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
            data-testid="mail-text"
          >
            {linkify(message.text)}
          </Box>
        </Tabs.Panel>
        <Tabs.Panel value="html" pt="md">
          {/* Sandboxed: no scripts, no same-origin access; links open in a new tab. */}
          <iframe
            title={`HTML body of “${message.subject}”`}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            srcDoc={`<base target="_blank">${message.html}`}
            referrerPolicy="no-referrer"
            style={{
              width: "100%",
              height: 480,
              border: "1px solid var(--mantine-color-gray-3)",
              borderRadius: 8,
              background: "white",
            }}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
