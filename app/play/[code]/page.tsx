/** `/play/[code]`: a player's view of a tournament. */
import { PlayClient } from '../../components/play/play-client';

export default async function PlayPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  return <PlayClient code={code.toUpperCase()} />;
}
