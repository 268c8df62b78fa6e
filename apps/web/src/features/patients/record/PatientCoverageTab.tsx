import { CoverageTab } from '../../coverage/CoverageTab';
import { usePatientContext } from './PatientPage';

/** /patients/:id/coverage: the coverage area's tab, below this record's banner. */
export function PatientCoverageTab() {
  const { patient } = usePatientContext();
  return <CoverageTab patientId={patient.id} />;
}
