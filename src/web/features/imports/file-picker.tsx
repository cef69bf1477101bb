// A file input that also takes a file dropped on it. The input stays a real, labelled control
// (keyboard and screen readers use it); the drop zone is an extra for mouse users.
import { useState, type DragEvent } from 'react';

export function FilePicker({ onFile, isBusy }: { onFile: (file: File) => void; isBusy: boolean }) {
  const [isOver, setIsOver] = useState(false);

  function handleDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setIsOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !isBusy) onFile(file);
  }

  return (
    <div
      className={`imports-drop${isOver ? ' is-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setIsOver(true);
      }}
      onDragLeave={() => setIsOver(false)}
      onDrop={handleDrop}
    >
      <label htmlFor="imports-file-input">File to import</label>
      <input
        id="imports-file-input"
        type="file"
        accept=".csv,.txt,.gz,.xlsx,.xml,.zip"
        disabled={isBusy}
        aria-describedby="imports-file-hint"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) onFile(file);
          e.currentTarget.value = '';
        }}
      />
      <p id="imports-file-hint" className="hint">
        Or drop it here. CSV (.csv, .csv.gz), Excel (.xlsx), Ed-Fi XML (.xml, or a .zip of
        interchange files) or a OneRoster export (.zip of its CSV files).
      </p>
    </div>
  );
}
