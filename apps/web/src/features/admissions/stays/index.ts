// What the bed board (and the patient record) use of the stays feature.
export { AdmitDialog, type AdmitDialogProps } from './AdmitDialog';
export { StayDrawer } from './StayDrawer';
export { DischargeDialog } from './DischargeDialog';
export { StayStatusBadge } from './StayStatusBadge';
