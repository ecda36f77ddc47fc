// The platform's regions. Browser-safe.
export const REGIONS = ["us-east", "eu-west", "ap-south"] as const;
export type Region = (typeof REGIONS)[number];
