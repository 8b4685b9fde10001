// Findings grouped by the compliance controls they bear on (the PDF's mapping table). Control names are
// data; the references themselves come from each finding (src/knowledge/compliance.ts).
import type { Finding, References, Severity } from "../../core/types.js";

export interface ComplianceFramework {
  id: "owaspApi2023" | "pciDss4" | "soc2";
  name: string;
  /** Control id → short title, for the controls Rampart's checks map to. */
  titles: Record<string, string>;
}

export const COMPLIANCE_FRAMEWORKS: readonly ComplianceFramework[] = [
  {
    id: "owaspApi2023",
    name: "OWASP API Security Top 10 (2023)",
    titles: {
      API1: "Broken Object Level Authorization",
      API2: "Broken Authentication",
      API3: "Broken Object Property Level Authorization",
      API4: "Unrestricted Resource Consumption",
      API5: "Broken Function Level Authorization",
      API6: "Unrestricted Access to Sensitive Business Flows",
      API7: "Server Side Request Forgery",
      API8: "Security Misconfiguration",
      API9: "Improper Inventory Management",
      API10: "Unsafe Consumption of APIs",
    },
  },
  {
    id: "pciDss4",
    name: "PCI DSS 4.0",
    titles: {
      "3.4.1": "PAN is masked when displayed",
      "4.2.1": "Strong cryptography for PAN over open, public networks",
      "4.2.1.1": "Inventory of trusted keys and certificates",
      "6.2.4": "Software engineering techniques prevent common attacks",
      "6.3.2": "Inventory of bespoke and custom software",
      "7.2.1": "Access control model",
      "7.2.2": "Access assigned by job function and least privilege",
      "8.3.1": "User access authenticated",
      "8.3.2": "Strong cryptography renders authentication factors unreadable in transit and storage",
    },
  },
  {
    id: "soc2",
    name: "SOC 2 (Trust Services Criteria)",
    titles: {
      "A1.1": "Capacity is managed to meet objectives",
      "C1.1": "Confidential information is identified and protected",
      "CC6.1": "Logical access security over protected information assets",
      "CC6.3": "Access is authorised, modified or removed by role",
      "CC6.6": "Threats from outside system boundaries are guarded against",
      "CC6.7": "Transmission of information is restricted and protected",
      "CC7.1": "Configuration and vulnerabilities are detected and monitored",
    },
  },
];

export interface ComplianceRow {
  framework: ComplianceFramework["id"];
  /** `API1 Broken Object Level Authorization`. */
  control: string;
  findings: { index: number; title: string; severity: Severity }[];
}

/** Controls in a natural order: API2 before API10, 3.4.1 before 4.2.1, CC6.1 before CC7.1. */
function controlOrder(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** One row per framework control that at least one finding maps to; findings keep their report numbering. */
export function complianceRows(findings: readonly Finding[]): ComplianceRow[] {
  const rows: ComplianceRow[] = [];
  for (const fw of COMPLIANCE_FRAMEWORKS) {
    const byControl = new Map<string, ComplianceRow["findings"]>();
    findings.forEach((f, i) => {
      const controls = (f.references as References)[fw.id] ?? [];
      for (const c of controls) {
        const list = byControl.get(c) ?? [];
        list.push({ index: i + 1, title: f.title, severity: f.severity });
        byControl.set(c, list);
      }
    });
    for (const control of [...byControl.keys()].sort(controlOrder)) {
      const title = fw.titles[control];
      rows.push({ framework: fw.id, control: title ? `${control} ${title}` : control, findings: byControl.get(control) ?? [] });
    }
  }
  return rows;
}
