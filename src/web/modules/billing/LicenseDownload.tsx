import { Button, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import type { SubscriptionSummary } from "../../../shared/billing.js";
import { errorMessage } from "../../api/client.js";
import { useNotify } from "../../ui/notifications.js";
import { saveFile } from "../../ui/saveFile.js";
import { useIsPhone } from "../../ui/useIsPhone.js";
import { downloadLicense } from "./api.js";
import { UseRow } from "./UseRow.js";

/**
 * S3: the signed license file of a self-managed subscription. Fetched rather than linked, so a
 * refusal (an ended subscription) is said on the page instead of saved as a file.
 */
export function LicenseDownload({ subscription: s, canUse }: { subscription: SubscriptionSummary; canUse: boolean }) {
  const notify = useNotify();
  const isPhone = useIsPhone();
  const download = useMutation({
    mutationFn: () => downloadLicense(s.id),
    onSuccess: (file) => saveFile(file, `billfold-license-${s.subscriptionNumber}.txt`),
    onError: (error) => notify({ title: "Could not download the license", message: errorMessage(error), color: "red" }),
  });
  return (
    <UseRow
      label="License file"
      value={
        <Text size="sm" c="dimmed">
          {canUse
            ? "Upload it in your instance's admin area, or let the instance activate itself with the code below. Also emailed to the subscription contact."
            : "Emailed to the subscription contact on purchase and renewal."}
        </Text>
      }
      actions={
        canUse ? (
          <Button size="sm" onClick={() => download.mutate()} loading={download.isPending} fullWidth={isPhone}>
            Download license
          </Button>
        ) : null
      }
    />
  );
}
