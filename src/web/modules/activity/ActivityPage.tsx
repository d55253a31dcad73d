import { Box, Button, Card, EmptyState, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { ErrorAlert } from "../../ui/ErrorAlert.js";
import { StackedItem, StackedList } from "../../ui/StackedList.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { eventsQueryOptions, managersQueryOptions } from "../accounts/api.js";
import { formatDateTime, personName } from "../accounts/format.js";
import { useAccount } from "../accounts/useAccount.js";
import { describeActor, describeEvent } from "./activityText.js";

/** `/billing-accounts/:id/activity` (AU2): who did what and when, newest first, page by page. */
export function ActivityPage({ accountId }: { accountId: string }) {
  const account = useAccount(accountId, "Activity");
  const events = useInfiniteQuery(eventsQueryOptions(accountId));
  const managers = useQuery(managersQueryOptions(accountId));
  const isPhone = useIsPhone();
  // Contact changes name people by id: show the current managers' names where we know them.
  const who = useCallback(
    (userId: string | null) => {
      const manager = managers.data?.find((m) => m.userId === userId);
      return manager ? personName(manager) : null;
    },
    [managers.data],
  );
  if (!account) return null;
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];

  return (
    <Card component="section" aria-labelledby="activity-title" padding={0}>
      <Stack gap={2} p="lg" pb="md">
        <Title order={2} size="h4" id="activity-title">
          Activity
        </Title>
        <Text size="sm" c="dimmed">
          Every change to this billing account, newest first.
        </Text>
      </Stack>
      {events.isPending ? (
        <Stack gap="sm" px="lg" pb="lg" role="status" aria-label="Loading activity">
          <Skeleton height={28} />
          <Skeleton height={28} />
          <Skeleton height={28} />
        </Stack>
      ) : !events.data ? (
        <Stack px="lg" pb="lg">
          <ErrorAlert error={events.error} title="Could not load the activity" />
        </Stack>
      ) : rows.length === 0 ? (
        <EmptyState size="sm" py="xl" title="Nothing happened yet" description="Changes to the account appear here." />
      ) : (
        <>
          {isPhone ? (
            <Box px="sm">
              <StackedList label="Activity">
                {rows.map((event) => (
                  <StackedItem key={event.id}>
                    <Text size="sm">{describeEvent(event, who)}</Text>
                    <Text size="xs" c="dimmed">
                      {describeActor(event.actor, event.action)} ·{" "}
                      <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
                    </Text>
                  </StackedItem>
                ))}
              </StackedList>
            </Box>
          ) : (
            <Table.ScrollContainer minWidth={720} type="native">
              <Table verticalSpacing="sm" horizontalSpacing="lg" aria-label="Activity" striped="even">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Who</Table.Th>
                    <Table.Th scope="col">What</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((event) => (
                    <Table.Tr key={event.id}>
                      <Table.Td>
                        <Text
                          size="sm"
                          component="time"
                          dateTime={event.occurredAt}
                          c="dimmed"
                          style={{ whiteSpace: "nowrap" }}
                        >
                          {formatDateTime(event.occurredAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
                          {describeActor(event.actor, event.action)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{describeEvent(event, who)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Group justify="center" p="md">
            {events.hasNextPage ? (
              <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
                Load more
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                That is everything since the account was created.
              </Text>
            )}
          </Group>
          {events.isFetchNextPageError ? (
            <Stack px="lg" pb="lg">
              <ErrorAlert error={events.error} title="Could not load more activity" />
            </Stack>
          ) : null}
        </>
      )}
    </Card>
  );
}
