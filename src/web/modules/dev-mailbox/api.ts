import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { devMailboxSchema, devMailSchema } from "../../../shared/identity.js";
import { api } from "../../api/client.js";

export type DevMail = z.infer<typeof devMailSchema>;
type DevMailbox = z.infer<typeof devMailboxSchema>;

export const REFRESH_INTERVAL_MS = 3000;

export const mailboxQueryOptions = () =>
  queryOptions({
    queryKey: ["dev", "mailbox"],
    queryFn: ({ signal }) => api.get<DevMailbox>("/dev/mailbox", signal),
    refetchInterval: REFRESH_INTERVAL_MS,
    retry: false,
  });
