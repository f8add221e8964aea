import { type ReactNode, useEffect, useRef } from "react";

interface Props {
  title: string;
  open: boolean;
  confirmLabel: string;
  /** False keeps the confirm button disabled (e.g. until the typed confirmation matches). */
  canConfirm: boolean;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children: ReactNode;
}

/** A modal confirmation on the native `<dialog>`: focus stays inside, Escape cancels. */
export function ConfirmDialog(props: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <form
        className="dialog-form"
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (props.canConfirm) props.onConfirm();
        }}
      >
        <h2 id="confirm-title">{props.title}</h2>
        {props.children}
        <div className="actions">
          <button
            type="submit"
            className={props.danger === true ? "danger" : undefined}
            disabled={!props.canConfirm || props.busy === true}
          >
            {props.confirmLabel}
          </button>
          <button type="button" className="quiet" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
