// How the console names each on-call layer.
import type { Layer } from "@/lib/vocabulary";

export const LAYER_LABEL: Record<Layer, string> = {
  primary: "Primary",
  secondary: "Secondary",
  tertiary: "Tertiary",
  shadow: "Shadow",
};
