import { columnsActions } from '../stores/columns';
import { ContextMenu } from './ContextMenu';
import { columns } from './file-columns';

/** The header's menu (right click): each column that can be hidden, checked when shown. */
export function ColumnsMenu(props: {
  x: number;
  y: number;
  shown: ReadonlySet<string>;
  onClose: () => void;
}) {
  return (
    <ContextMenu
      label="Columns"
      x={props.x}
      y={props.y}
      items={[
        ...columns
          .filter((c) => !c.fixed)
          .map((c) => ({
            label: c.label,
            checked: props.shown.has(c.id),
            run: () => columnsActions.set(c.id, !props.shown.has(c.id)),
          })),
        { label: 'Default columns', run: () => columnsActions.reset() },
      ]}
      onClose={props.onClose}
    />
  );
}
