import { selectBannerMessages } from '../../store/statusSelectors';
import { useAppState } from '../../store/useAppState';
import './ErrorBanner.css';

/** Bad input, files that failed to load and failed runs, in words; nothing else stops working. */
export function ErrorBanner() {
  const messages = useAppState(selectBannerMessages);
  if (messages.length === 0) return null;
  const hasError = messages.some((m) => m.severity === 'error');
  return (
    <div
      className={hasError ? 'ms-banner ms-banner--error' : 'ms-banner ms-banner--warning'}
      role="alert"
      data-testid="error-banner"
    >
      <ul>
        {messages.map((message) => (
          <li key={message.text} className={`ms-banner__${message.severity}`}>
            {message.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
