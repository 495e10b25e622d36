import type { Status } from '../../../src/model/finding.js';

export function StatusChip({
  status,
  label,
  onClick,
  title,
}: {
  status: Status | 'none' | 'running';
  label?: string;
  onClick?: () => void;
  title?: string;
}) {
  const text = label ?? status;
  if (onClick) {
    return (
      <button type="button" className={`chip ${status}`} onClick={onClick} title={title}>
        {text}
      </button>
    );
  }
  return (
    <span className={`chip ${status}`} title={title}>
      {text}
    </span>
  );
}
