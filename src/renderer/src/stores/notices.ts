import { create } from 'zustand';

/** A button in a notice (Undo): it runs once and the notice goes. */
export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
  action?: NoticeAction;
}

interface NoticeStore {
  notices: Notice[];
}

export const useNoticeStore = create<NoticeStore>(() => ({ notices: [] }));

let nextId = 1;

export function dismissNotice(id: number): void {
  useNoticeStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/**
 * A message at the foot of the window that goes away by itself. One already showing is not
 * shown again (a request that fails the same way twice, a panel that polls). One with an
 * action stays longer: the user needs time to reach its button.
 */
export function notify(text: string, tone: Notice['tone'] = 'info', action?: NoticeAction): void {
  if (useNoticeStore.getState().notices.some((n) => n.text === text && n.tone === tone)) return;
  const id = nextId++;
  useNoticeStore.setState((s) => ({
    notices: [...s.notices.slice(-3), { id, text, tone, action }],
  }));
  setTimeout(() => dismissNotice(id), action ? 20_000 : 8000);
}
