/** `/watch/[code]`: the big screen. */
import { WatchClient } from '../../components/watch/watch-client';

export default async function WatchPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <WatchClient code={code.toUpperCase()} />;
}
