// Placeholder: the coverage tab of a patient's page (being built).
export function CoverageTab(props: { patientId: string }) {
  return <div data-patient-id={props.patientId} />;
}
