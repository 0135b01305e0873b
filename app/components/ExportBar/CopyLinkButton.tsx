import { useEffect, useRef, useState } from 'react';

type CopyState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'copied' }
  /** No clipboard (insecure page, permission refused): the link is shown selected instead. */
  | { readonly kind: 'manual'; readonly url: string };

/** Copies the permalink (the address bar holds the view); falls back to a selected text field. */
export function CopyLinkButton() {
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  const fieldRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state.kind === 'manual') fieldRef.current?.select();
    if (state.kind !== 'copied') return;
    const timer = setTimeout(() => setState({ kind: 'idle' }), 4000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async (): Promise<void> => {
    const url = window.location.href;
    try {
      // navigator.clipboard is undefined outside secure contexts.
      if (navigator.clipboard === undefined) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setState({ kind: 'copied' });
    } catch {
      setState({ kind: 'manual', url });
    }
  };
  return (
    <span className="ms-copy-link">
      <button
        type="button"
        className="ms-export__button"
        data-testid="copy-link"
        aria-label="Copy a link to this view"
        title="Copy a link that reopens this sentence, padding, modes and head"
        onClick={() => void copy()}
      >
        Copy link
      </button>
      <span role="status" className="ms-copy-link__status" data-testid="copy-link-status">
        {state.kind === 'copied' ? 'Link copied' : ''}
      </span>
      {state.kind === 'manual' && (
        <label className="ms-copy-link__manual">
          <span>Copy this link (Ctrl+C / ⌘C):</span>
          <input
            ref={fieldRef}
            type="text"
            readOnly
            value={state.url}
            data-testid="copy-link-field"
            aria-label="Link to this view"
            onFocus={(event) => event.currentTarget.select()}
          />
        </label>
      )}
    </span>
  );
}
