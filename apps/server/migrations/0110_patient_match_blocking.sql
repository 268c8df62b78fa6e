-- The duplicate check's blocking (modules/patients/matching/candidates.repository.ts) looks
-- up records born on the typed date or on one of its ~50 one-digit/transposed variants and
-- keeps those sharing a phonetic name key. At a million patients that is ~1,000 rows per
-- check; with name_phonetic and id in the index, PostgreSQL filters and answers them from
-- the index alone (index-only scan) instead of visiting ~1,000 heap pages: findCandidates
-- p95 went from 26 ms to 18 ms in bench/match-quality.ts at 1,000,000 patients.
--
-- It serves every lookup 0100's patient_birth_date served (search's date-of-birth arm
-- included), so that index goes, and writes keep the same number of indexes.
create index patient_birth_date_names on patient (birth_date) include (name_phonetic, id)
  where status <> 'merged';
drop index patient_birth_date;
