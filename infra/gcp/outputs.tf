output "service_url" {
  description = "Cloud Run's own URL (use the domain for Google; this one is for checks)."
  value       = google_cloud_run_v2_service.main.uri
}

output "public_base_url" {
  description = "What to enter in the Google Home Developer Console (fulfillment: <this>/fulfillment)."
  value       = "https://${var.domain}"
}

output "dns_records" {
  description = "DNS records to create at your DNS provider for the managed certificate."
  value       = google_cloud_run_domain_mapping.main.status[0].resource_records
}

output "redis_host" {
  description = "Memorystore address the replicas use."
  value       = "${google_redis_instance.main.host}:${google_redis_instance.main.port}"
}

output "database_instance" {
  description = "Cloud SQL instance connection name."
  value       = google_sql_database_instance.main.connection_name
}
