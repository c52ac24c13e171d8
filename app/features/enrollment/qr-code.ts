import { correction, generate } from 'lean-qr/nano';

/** Light modules around the code: the QR specification asks for four, and phone cameras need them on a busy TV. */
export const QR_QUIET_MODULES = 4;

/**
 * Error correction M (15 %): a TV's glare, moiré and a slightly tilted phone still read it; lean-qr raises it further
 * when that fits in the same size.
 */
export const QR_OPTIONS = { minCorrectionLevel: correction.M } as const;

export interface QrDrawing {
  /** Black modules on white, quiet zone included, `moduleSize` pixels each: square. */
  canvas: HTMLCanvasElement;
  /** Modules across, without the quiet zone. */
  modules: number;
  moduleSize: number;
  /** What the code holds. */
  text: string;
}

/**
 * Draws `text` as a QR code on a canvas no wider than `maxSize`, each module a whole number of pixels so edges stay
 * sharp (a camera reads crisp edges from further away than blurred ones).
 */
export function drawQrCode(text: string, maxSize: number, doc: Document = document): QrDrawing {
  const code = generate(text, QR_OPTIONS);
  const across = code.size + 2 * QR_QUIET_MODULES;
  const moduleSize = Math.max(1, Math.floor(maxSize / across));
  const canvas = doc.createElement('canvas');
  canvas.width = canvas.height = across * moduleSize;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('[qr-code] no 2D canvas to draw on');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000000';
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (code.get(x, y)) {
        context.fillRect(
          (x + QR_QUIET_MODULES) * moduleSize,
          (y + QR_QUIET_MODULES) * moduleSize,
          moduleSize,
          moduleSize,
        );
      }
    }
  }
  return { canvas, modules: code.size, moduleSize, text };
}
