/**
 * A file input for several files: hands the chosen ones over, then clears itself, so choosing
 * the same files again (after fixing them on disk) reads them again.
 */
export function FilesInput({
  accept,
  testId,
  onFiles,
}: {
  readonly accept: string;
  readonly testId: string;
  readonly onFiles: (files: File[]) => void;
}) {
  return (
    <input
      type="file"
      multiple
      accept={accept}
      data-testid={testId}
      onChange={(event) => {
        onFiles([...(event.target.files ?? [])]);
        event.target.value = '';
      }}
    />
  );
}
