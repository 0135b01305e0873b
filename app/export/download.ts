/**
 * Saving exports as files: a Blob behind an object URL, clicked through a temporary
 * `<a download>`, and the URL revoked once the click has handed the download over (no leak).
 */

/** Saves `blob` as `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The click starts the download synchronously; revoking in a later task keeps every browser
    // (Firefox cancels a same-task revoke) from losing it.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/** Saves text with its MIME type (UTF-8). */
export function downloadText(text: string, type: string, fileName: string): void {
  downloadBlob(new Blob([text], { type: `${type};charset=utf-8` }), fileName);
}

/** A canvas as PNG bytes (`toBlob`); rejects when the browser cannot encode it. */
export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob === null) reject(new Error('the browser could not encode the image as PNG.'));
      else resolve(blob);
    }, 'image/png');
  });
}

/**
 * A self-contained SVG text rasterised to PNG at `pixelRatio` device pixels per CSS pixel: drawn
 * as an image onto a canvas (an SVG without external resources does not taint it), then toBlob.
 */
export async function svgToPng(
  svg: string,
  widthPx: number,
  heightPx: number,
  pixelRatio = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image(widthPx, heightPx);
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(widthPx * pixelRatio);
    canvas.height = Math.round(heightPx * pixelRatio);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('no 2D canvas to draw the image on.');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await canvasToPng(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}
