/** `/rounds/[id]`: final results, insights and "replay the winner". */
import { RoundResultsClient } from '../../components/results/round-results-client';

export default async function RoundPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RoundResultsClient id={id} />;
}
