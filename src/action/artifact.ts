/**
 * upload-repairs: the repaired probes this run wrote, with the JSON report beside them, go up as
 * one workflow artifact through @actions/artifact. An upload problem is a warning and a line in
 * the job summary; it never changes the gate's verdict or loses its report.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { mdCode, mdText, type GateReport } from '../core/index.ts';
import { log } from './log.ts';
import type { ActionInputs } from './inputs.ts';

/** The repaired probes this run wrote: `monitors[].repair.file` of the report, where the file exists. */
export function repairedProbeFiles(report: GateReport): { id: string; file: string }[] {
  return report.monitors
    .filter((m) => m.repair?.file !== undefined)
    .map((m) => ({ id: m.id, file: path.resolve(m.repair!.file!) }))
    .filter((p) => existsSync(p.file));
}

/** The artifact's page, as actions/upload-artifact builds it; undefined outside a workflow run. */
function artifactUrl(id: number): string | undefined {
  const { serverUrl, runId } = github.context;
  const repository = process.env.GITHUB_REPOSITORY;
  if (!serverUrl || !runId || !repository) return undefined;
  return `${serverUrl}/${repository}/actions/runs/${runId}/artifacts/${id}`;
}

/** GitHub Enterprise Server has no artifact service that @actions/artifact v2+ can use (its own check). */
function onEnterpriseServer(): boolean {
  const host = new URL(process.env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase();
  return !(host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST'));
}

/**
 * One line of an upload error: the library's and the blob store's messages run over several lines
 * (the blob store's status and error code come separately), and SAS signatures stay out of logs.
 */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  let line = text.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? 'unknown error';
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number') line += ` (HTTP ${statusCode}${typeof code === 'string' && code ? ` ${code}` : ''})`;
  return line.replace(/([?&]sig=)[^&\s]+/gi, '$1***');
}

/**
 * Uploads the repaired probes (`<monitor-id>.onnx`) and the report as the artifact
 * `inputs.repairsArtifactName`, sets the outputs repairs-artifact-id and repairs-artifact-url,
 * and returns a line for the job summary (undefined when there was nothing to upload). Never throws.
 */
export async function uploadRepairs(report: GateReport, inputs: ActionInputs): Promise<string | undefined> {
  if (!inputs.uploadRepairs) return undefined;
  const name = inputs.repairsArtifactName;
  if (inputs.mode === 'merge') {
    log.info('monitor-gate: upload-repairs: mode merge repairs nothing; each shard uploads its own repaired probes');
    return undefined;
  }
  const probes = repairedProbeFiles(report);
  if (probes.length === 0) {
    log.info('monitor-gate: upload-repairs: no repaired probes were written, so no artifact is uploaded');
    return undefined;
  }
  let staging: string | undefined;
  try {
    if (onEnterpriseServer()) throw new Error('GitHub Enterprise Server does not support artifacts uploaded with @actions/artifact v2 or later');
    // A flat folder: the archive holds <monitor-id>.onnx and the report, whatever folders they were written to.
    staging = await mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'monitor-gate-artifact-'));
    const files: string[] = [];
    for (const probe of probes) {
      const to = path.join(staging, `${probe.id}.onnx`);
      await copyFile(probe.file, to);
      files.push(to);
    }
    const reportCopy = path.join(staging, path.basename(inputs.reportPath));
    if (!files.includes(reportCopy)) {
      await copyFile(inputs.reportPath, reportCopy);
      files.push(reportCopy);
    }
    log.info(`monitor-gate: uploading ${probes.length} repaired probe(s) and the report as artifact '${name}'`);
    const { id } = await new DefaultArtifactClient().uploadArtifact(name, files, staging);
    if (id === undefined) throw new Error('the artifact service returned no artifact id');
    const url = artifactUrl(id);
    core.setOutput('repairs-artifact-id', String(id));
    if (url) core.setOutput('repairs-artifact-url', url);
    const ids = probes.length <= 10 ? probes.map((p) => mdCode(p.id)).join(', ') : `${probes.length} monitors`;
    return `Repaired probes of ${ids} uploaded as the artifact ${url ? `[${mdCode(name)}](${encodeURI(url)})` : mdCode(name)}.`;
  } catch (error) {
    const why = reason(error);
    log.warning(`monitor-gate: could not upload the repaired probes as artifact '${name}': ${why}`, { title: 'monitor-gate: repaired probes not uploaded' });
    return `The repaired probes could not be uploaded as the artifact ${mdCode(name)}: ${mdText(why.replace(/\.$/, ''))}. The gate result does not depend on it.`;
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}
