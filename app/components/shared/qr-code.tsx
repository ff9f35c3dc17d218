'use client';
/** A QR code image of a URL (the `qrcode` package renders it to a data URL in the browser). */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

export function QrCode({ url, label, size = 200 }: { url: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(url, { margin: 1, width: size, errorCorrectionLevel: 'M' })
      .then((s) => {
        if (live) setSrc(s);
      })
      .catch(() => setSrc(null));
    return () => {
      live = false;
    };
  }, [url, size]);
  // eslint-disable-next-line @next/next/no-img-element
  return src ? <img className="qr" src={src} alt={label} width={size} height={size} data-testid="qr-code" data-url={url} style={{ width: size, height: size }} /> : <div className="qr" />;
}
