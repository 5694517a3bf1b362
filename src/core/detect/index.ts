/** Update-event detection: what kind of model update a change carries, from the files it touches. */
export { detectUpdateEvent, formatEventSummary, readChangedFile } from './detect-update-event.ts';
export { LABEL_PREFIX, declaredFromConfig, declaredFromLabels, familyFromLabel, resolveDeclared } from './declared.ts';
export { GGUF_HEAD_BYTES, MAX_SAFETENSORS_HEADER_BYTES, MAX_TEXT_BYTES, MAX_YAML_BYTES } from './parse.ts';
export {
  QUANT_SUB_KINDS,
  UPDATE_FAMILIES,
  isQuantSubKind,
  isUpdateFamily,
  DECLARABLE_FAMILIES,
  isDeclarableFamily,
  type DeclarableFamily,
  type ChangeStatus,
  type ChangedFile,
  type DeclaredEvent,
  type DetectOptions,
  type Evidence,
  type EvidenceKind,
  type QuantSubKind,
  type UpdateAttributes,
  type UpdateEvent,
  type UpdateFamily,
} from './types.ts';
export { eventForChange, type ChangeSource } from './event-for-change.ts';
