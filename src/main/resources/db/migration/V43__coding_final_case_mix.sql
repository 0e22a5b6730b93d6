-- What the case-mix report (coding.CaseMix) needs of a finally coded encounter, kept when it is signed
-- so the report reads no encounter again: its class (v3 ActCode: IMP, AMB, EMER...) and whether the
-- patient died (discharge disposition "exp"), which decides whether some codes count as an MCC.
-- Rows signed before this stay without them: their class is reported as not recorded.
alter table coding_final add column encounter_class text;
alter table coding_final add column expired boolean not null default false;
