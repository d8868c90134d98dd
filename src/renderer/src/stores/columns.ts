import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { widthClass, type WidthClass } from '../components/file-columns';

const STORAGE_KEY = 'sampledeck.columns';

/** Where the user's column choice is kept (the window's own storage; none under tests). */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function loadChoice(): Record<string, boolean> {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, boolean] => typeof entry[1] === 'boolean',
      ),
    );
  } catch {
    // A damaged entry: the defaults.
    return {};
  }
}

interface ColumnsStore {
  /** Columns the user showed (true) or hid (false); the rest follow the window's width. */
  chosen: Record<string, boolean>;
}

export const useColumnsStore = create<ColumnsStore>(() => ({ chosen: loadChoice() }));

export const columnsActions = {
  set(id: string, shown: boolean): void {
    useColumnsStore.setState((s) => ({ chosen: { ...s.chosen, [id]: shown } }));
    storage()?.setItem(STORAGE_KEY, JSON.stringify(useColumnsStore.getState().chosen));
  },
  /** Back to the defaults for the window's width. */
  reset(): void {
    useColumnsStore.setState({ chosen: {} });
    storage()?.removeItem(STORAGE_KEY);
  },
};

/** The window's width class, following resizes. */
export function useWidthClass(): WidthClass {
  const [width, setWidth] = useState(() => widthClass(window.innerWidth));
  useEffect(() => {
    const onResize = () => setWidth(widthClass(window.innerWidth));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}
