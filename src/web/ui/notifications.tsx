// Small toast notifications ("Saved") built from Mantine's Notification component.
// The stack is a polite live region, so screen readers announce each message.
import { Notification, Portal, Stack } from "@mantine/core";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";

export interface Notice {
  title?: string;
  message: string;
  color?: "green" | "red" | "indigo";
}

interface ShownNotice extends Notice {
  id: number;
}

type Notify = (notice: Notice) => void;

const NotifyContext = createContext<Notify | null>(null);

const DISMISS_AFTER_MS = 5000;

export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<ShownNotice[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => {
    setNotices((current) => current.filter((notice) => notice.id !== id));
  }, []);

  const notify = useCallback<Notify>(
    (notice) => {
      const id = nextId.current++;
      setNotices((current) => [...current.slice(-2), { ...notice, id }]);
      window.setTimeout(() => dismiss(id), DISMISS_AFTER_MS);
    },
    [dismiss],
  );

  const value = useMemo(() => notify, [notify]);

  return (
    <NotifyContext.Provider value={value}>
      {children}
      <Portal>
        <Stack
          aria-live="polite"
          gap="sm"
          pos="fixed"
          top={76}
          left="50%"
          w="min(360px, calc(100vw - 32px))"
          // Centred under the header: the pages keep their primary buttons on the right, where a
          // toast in the corner covered them (issue 13).
          style={{ zIndex: 400, transform: "translateX(-50%)" }}
        >
          {notices.map((notice) => (
            <Notification
              key={notice.id}
              title={notice.title}
              color={notice.color ?? "green"}
              withBorder
              closeButtonProps={{ "aria-label": "Dismiss notification" }}
              onClose={() => dismiss(notice.id)}
            >
              {notice.message}
            </Notification>
          ))}
        </Stack>
      </Portal>
    </NotifyContext.Provider>
  );
}

export function useNotify(): Notify {
  const notify = useContext(NotifyContext);
  if (!notify) throw new Error("useNotify must be used inside <NotificationsProvider>");
  return notify;
}
