-- Patient search: a dictionary of the name words in use (for typo correction) and an index
-- for the facility filter.
--
-- Why a dictionary: a trigram comparison of a mistyped word against a million patients'
-- names either misses (word similarity of "jhonson" and "johnson" is only 0.375) or, at a
-- threshold low enough to catch it, matches hundreds of thousands of rows. Correcting the
-- word against the few hundred thousand distinct name words instead is fast, and the
-- corrected words are then looked up exactly through the name indexes of 0100.
create extension if not exists fuzzystrmatch;

-- Every word that ever appeared in a patient's search_names. Words are only added (a word
-- no longer in use corrects to nothing, which is harmless); ids are not stored, so the
-- table says which names exist, never who has them. The "C" collation lets the primary key
-- serve prefix (LIKE 'ab%') lookups in any database locale.
create table patient_name_word (
  word text collate "C" primary key
);
create index patient_name_word_trgm on patient_name_word using gin (word gin_trgm_ops);

-- Statement-level, so a bulk load of a million rows adds its words in one insert. Sorted,
-- so concurrent registrations adding the same new words take their locks in one order.
create function patient_name_word_collect() returns trigger language plpgsql as $$
begin
  insert into patient_name_word (word)
  select distinct w
    from new_rows, unnest(string_to_array(new_rows.search_names, ' ')) as w
   where w <> ''
   order by w
  on conflict do nothing;
  return null;
end;
$$;

create trigger patient_name_word_on_insert after insert on patient
  referencing new table as new_rows
  for each statement execute function patient_name_word_collect();
create trigger patient_name_word_on_update after update on patient
  referencing new table as new_rows
  for each statement execute function patient_name_word_collect();

insert into patient_name_word (word)
select distinct w from patient, unnest(string_to_array(search_names, ' ')) as w
 where w <> ''
on conflict do nothing;

-- Name prefixes on both columns, either leading. With text_pattern_ops on the second column
-- too, "family like 'ra%' and given like 'rei%'" is checked inside the index, whichever
-- index the planner picks; 0100's patient_family_given ordered search_given by collation,
-- so the given prefix was checked row by row on the heap (thousands of rows for a short
-- prefix). These two replace 0100's patient_family_given and patient_given; equality
-- lookups (matching's blocking) use them just as well.
create index patient_family_given_prefix
  on patient (search_family text_pattern_ops, search_given text_pattern_ops)
  where status <> 'merged';
create index patient_given_family_prefix
  on patient (search_given text_pattern_ops, search_family text_pattern_ops)
  where status <> 'merged';
drop index patient_family_given;
drop index patient_given;

-- The facility filter: patients of one home facility in name order.
create index patient_home_facility on patient (home_facility_id, search_family text_pattern_ops)
  where status <> 'merged' and home_facility_id is not null;
