variable "project_id" {
  description = "Google Cloud project that hosts the service (may be the same project as your Google Home actions)."
  type        = string
}

variable "region" {
  description = "Region for Cloud Run, Memorystore and Cloud SQL."
  type        = string
  default     = "europe-west1"
}

variable "image" {
  description = "Container image built from deploy/Dockerfile and pushed to Artifact Registry, e.g. europe-west1-docker.pkg.dev/PROJECT/smarthomecam/server:1.0."
  type        = string
}

variable "domain" {
  description = "Public host name Google and Chromecasts reach (a Cloud Run domain mapping with a Google-managed certificate)."
  type        = string
}

variable "google_home_project_id" {
  description = "Project id of your Google Home (smart home) integration; fixes the accepted OAuth redirect URIs."
  type        = string
}

variable "min_instances" {
  description = "Replicas kept warm (at least 1: a cold replica adds seconds to the first stream)."
  type        = number
  default     = 1
}

variable "max_instances" {
  description = "Upper bound on replicas."
  type        = number
  default     = 10
}

variable "redis_memory_gb" {
  description = "Memorystore for Redis capacity."
  type        = number
  default     = 1
}

variable "database_tier" {
  description = "Cloud SQL machine tier."
  type        = string
  default     = "db-custom-1-3840"
}

variable "deletion_protection" {
  description = "Protect the Cloud SQL instance from terraform destroy."
  type        = bool
  default     = true
}
