// A modal "are you sure?" for an action that changes shared data (rolling back an import,
// deleting a saved mapping): the native <dialog>, which keeps the keyboard focus inside while
// open, closes on Escape and gives the focus back when it closes.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function ConfirmDialog({
  isOpen,
  title,
  children,
  confirmLabel,
  workingLabel,
  isWorking,
  onConfirm,
  onCancel,
}: {
  isOpen: boolean;
  title: string;
  /** What the action will do, in words. */
  children: ReactNode;
  confirmLabel: string;
  /** The confirm button's label while the action runs ("Deleting…"). */
  workingLabel: string;
  isWorking: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    if (isOpen) dialog.current?.showModal();
    else dialog.current?.close();
  }, [isOpen]);

  return (
    <dialog ref={dialog} aria-labelledby={titleId} onClose={onCancel} className="confirm-dialog">
      {isOpen ? (
        <>
          <h3 id={titleId}>{title}</h3>
          {children}
          <div className="button-row">
            <button type="button" className="button" disabled={isWorking} onClick={onConfirm}>
              {isWorking ? workingLabel : confirmLabel}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={isWorking}
              onClick={onCancel}
            >
              Cancel
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
