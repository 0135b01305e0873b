/** Drag-and-drop of files onto an element: whether something is being dragged over it, and the handlers. */
import { useState, type DragEvent } from 'react';

/** Handlers for an element that accepts dropped files, and whether files are over it now. */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [isDragging, setIsDragging] = useState(false);
  return {
    isDragging,
    handlers: {
      onDragOver: (event: DragEvent<HTMLElement>) => {
        event.preventDefault();
        setIsDragging(true);
      },
      onDragLeave: () => setIsDragging(false),
      onDrop: (event: DragEvent<HTMLElement>) => {
        event.preventDefault();
        setIsDragging(false);
        onFiles([...event.dataTransfer.files]);
      },
    },
  };
}
