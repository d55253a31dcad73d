import { Anchor, Code, Collapse, Paper, Stack, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { groupCardNumber } from "./cards.js";
import { SANDBOX_TEST_CARDS } from "./sandboxTestCards.js";

/** PAYMENT_GATEWAY=sandbox: no real card is charged; these numbers choose what happens. */
export function SandboxCardsNote() {
  const [opened, { toggle }] = useDisclosure(false);
  return (
    <Paper withBorder p="md" bg="yellow.0" component="aside" aria-labelledby="sandbox-title">
      <Stack gap={6}>
        <Text id="sandbox-title" size="sm" fw={600}>
          Test mode: payments go to the sandbox gateway
        </Text>
        <Text size="sm">
          No real card is charged. Use <Code>4242 4242 4242 4242</Code> with any future expiry and any three-digit CVC.{" "}
          <Anchor component="button" type="button" size="sm" onClick={toggle} aria-expanded={opened}>
            {opened ? "Hide test numbers" : "More test numbers"}
          </Anchor>
        </Text>
        <Collapse expanded={opened}>
          <Table.ScrollContainer minWidth={0} type="native">
            <Table verticalSpacing={4} fz="sm" aria-label="Sandbox test card numbers">
              <Table.Tbody>
                {SANDBOX_TEST_CARDS.map((card) => (
                  <Table.Tr key={card.number}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <Code>{groupCardNumber(card.number)}</Code>
                    </Table.Td>
                    <Table.Td>{card.what}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Collapse>
      </Stack>
    </Paper>
  );
}
