// The part of pdfmake's document-definition shape this report uses. (pdfmake's community types pull in the
// DOM library, which changes Node's crypto typings project-wide, so the few shapes are declared here.)
export type Margin = number | [number, number] | [number, number, number, number];

export interface TextNode {
  text: string | Content[];
  style?: string | string[];
  color?: string;
  bold?: boolean;
  alignment?: "left" | "center" | "right" | "justify";
  margin?: Margin;
  pageBreak?: "before" | "after";
  colSpan?: number;
  fontSize?: number;
}

export interface StackNode {
  stack: Content[];
  margin?: Margin;
  width?: number | string;
  unbreakable?: boolean;
}

export interface ColumnsNode {
  columns: (Content & { width?: number | string })[];
  margin?: Margin;
}

export interface ListNode {
  ul?: Content[];
  ol?: Content[];
  margin?: Margin;
}

export type TableCell = string | TextNode;

export interface TableNode {
  table: { headerRows?: number; widths?: (number | string)[]; body: TableCell[][] };
  layout?: string;
  margin?: Margin;
  fontSize?: number;
}

export type Content = string | TextNode | StackNode | ColumnsNode | ListNode | TableNode;

export interface DocumentDefinition {
  info?: Record<string, string>;
  pageSize?: string;
  pageMargins?: Margin;
  footer?: (page: number, pages: number) => Content;
  content: Content[];
  defaultStyle?: Record<string, unknown>;
  styles?: Record<string, Record<string, unknown>>;
}
