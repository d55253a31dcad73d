import { Card, Container } from "@mantine/core";
import type { ReactNode } from "react";

/** The narrow centred card used by the signed-out pages (sign-in, links from emails). */
export function CenteredCard({ children }: { children: ReactNode }) {
  return (
    <Container size={460} px={0} pt={{ base: "md", sm: 56 }} pb="xl">
      <Card padding="xl" shadow="sm">
        {children}
      </Card>
    </Container>
  );
}
