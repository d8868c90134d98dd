import { create } from 'zustand';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

interface NoticeStore {
  notices: Notice[];
}

export const useNoticeStore = create<NoticeStore>(() => ({ notices: [] }));

let nextId = 1;

/**
 * A message at the foot of the window that goes away by itself. One already showing is not
 * shown again (a request that fails the same way twice, a panel that polls).
 */
export function notify(text: string, tone: Notice['tone'] = 'info'): void {
  if (useNoticeStore.getState().notices.some((n) => n.text === text && n.tone === tone)) return;
  const id = nextId++;
  useNoticeStore.setState((s) => ({ notices: [...s.notices.slice(-3), { id, text, tone }] }));
  setTimeout(() => {
    useNoticeStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  }, 8000);
}
