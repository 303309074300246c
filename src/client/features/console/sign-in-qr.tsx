import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/** A QR code of `text`, drawn as one SVG path (no inline style, which the CSP forbids), with a
 * quiet zone of four modules as the standard asks. */
export function SignInQr({ text, label }: { text: string; label: string }) {
  const { size, d } = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const count = qr.getModuleCount();
    let path = '';
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) if (qr.isDark(row, col)) path += `M${col + 4} ${row + 4}h1v1h-1z`;
    }
    return { size: count + 8, d: path };
  }, [text]);
  return (
    <svg
      className="console-qr"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      width="240"
      height="240"
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
