import { Button, Card, Grid, Group, ScrollArea, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { isApiError } from "../../api/client.js";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { PageHeader } from "../../ui/PageHeader.js";
import { PageLoader } from "../../ui/PageLoader.js";
import { mailboxQueryOptions, REFRESH_INTERVAL_MS } from "./api.js";
import { MessageList } from "./MessageList.js";
import { MessageView } from "./MessageView.js";

/** `/dev/mailbox`: mail the server would have sent, when no SMTP server is configured. */
export function MailboxPage() {
  const mailbox = useQuery(mailboxQueryOptions());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Only a refresh the person asked for spins the button; the automatic one stays quiet.
  const [refreshing, setRefreshing] = useState(false);

  const messages = mailbox.data?.messages ?? [];
  const selected = messages.find((message) => message.id === selectedId) ?? messages[0] ?? null;

  const onRefresh = () => {
    setRefreshing(true);
    void mailbox.refetch().finally(() => setRefreshing(false));
  };

  return (
    <>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <PageHeader
          title="Development mailbox"
          description={`Mail Billfold would have sent. Refreshes every ${REFRESH_INTERVAL_MS / 1000} seconds.`}
        />
        <Button variant="default" onClick={onRefresh} loading={refreshing} mb="lg">
          Refresh
        </Button>
      </Group>

      {mailbox.isPending ? <PageLoader label="Loading mail" /> : null}
      {mailbox.isError ? (
        <ErrorAlert
          error={mailbox.error}
          title={isApiError(mailbox.error, 404) ? "The development mailbox is off" : "Could not load the mailbox"}
        >
          {isApiError(mailbox.error, 404) ? (
            <Text size="sm" mt="xs">
              It is available only while no mail server (SMTP_URL) is configured.
            </Text>
          ) : null}
        </ErrorAlert>
      ) : null}

      {mailbox.isSuccess ? (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card padding={0} component="section" aria-label="Messages">
              <ScrollArea.Autosize mah={640}>
                <MessageList messages={messages} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
              </ScrollArea.Autosize>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            {selected ? (
              <Card component="article" aria-label="Selected message">
                <MessageView key={selected.id} message={selected} />
              </Card>
            ) : null}
          </Grid.Col>
        </Grid>
      ) : null}
    </>
  );
}
