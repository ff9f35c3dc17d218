/** `/practice`: the solo sandbox; its state comes from (and goes back to) the query string. */
import { PracticeClient } from '../components/play/practice-client';
import { parsePracticeQuery } from '../lib/practice-url';

export default async function PracticePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  return <PracticeClient initial={parsePracticeQuery(query)} backendInLink={query.be !== undefined} />;
}
