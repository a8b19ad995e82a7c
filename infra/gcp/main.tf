# SmartHomeCam on Google Cloud: Cloud Run (HTTP: fulfillment, linking, HLS), Memorystore for Redis (revocations,
# session ownership, Data Protection keys), Cloud SQL for PostgreSQL (accounts, OAuth, devices), Secret Manager
# (signing keys, database password), and a domain mapping with a Google-managed certificate.
# Serves Nest and RTSP cameras reachable from Google Cloud; an Arlo basestation needs the home LAN (deploy/README.md).

locals {
  services = ["run.googleapis.com", "redis.googleapis.com", "sqladmin.googleapis.com", "secretmanager.googleapis.com",
  "vpcaccess.googleapis.com", "servicenetworking.googleapis.com", "compute.googleapis.com"]
  secrets = {
    "Streaming__SigningKeys__0" = "k1:${random_id.stream_key.b64_std}"
    "OAuth__SigningKey"         = random_id.oauth_signing_key.b64_std
    "OAuth__EncryptionKey"      = random_id.oauth_encryption_key.b64_std
    "Database__ConnectionString" = join(";", [
      "Host=${google_sql_database_instance.main.private_ip_address}",
      "Database=${google_sql_database.main.name}",
      "Username=${google_sql_user.app.name}",
      "Password=${random_password.database.result}",
    ])
  }
}

resource "google_project_service" "apis" {
  for_each           = toset(local.services)
  service            = each.value
  disable_on_destroy = false
}

# --- Network: Memorystore and Cloud SQL on private addresses, reached through a Serverless VPC connector ---
resource "google_compute_network" "main" {
  name                    = "smarthomecam"
  auto_create_subnetworks = false
  depends_on              = [google_project_service.apis]
}

resource "google_compute_global_address" "private_services" {
  name          = "smarthomecam-private-services"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 20
  network       = google_compute_network.main.id
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.main.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]
}

resource "google_vpc_access_connector" "main" {
  name          = "smarthomecam"
  region        = var.region
  network       = google_compute_network.main.name
  ip_cidr_range = "10.8.0.0/28"
}

# --- Redis ---
resource "google_redis_instance" "main" {
  name               = "smarthomecam"
  region             = var.region
  tier               = "STANDARD_HA"
  memory_size_gb     = var.redis_memory_gb
  authorized_network = google_compute_network.main.id
  connect_mode       = "PRIVATE_SERVICE_ACCESS"
  redis_version      = "REDIS_7_2"
  depends_on         = [google_service_networking_connection.private_services]
}

# --- PostgreSQL ---
resource "random_password" "database" {
  length  = 32
  special = false
}

resource "google_sql_database_instance" "main" {
  name                = "smarthomecam"
  region              = var.region
  database_version    = "POSTGRES_16"
  deletion_protection = var.deletion_protection
  settings {
    tier              = var.database_tier
    availability_type = "REGIONAL"
    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.main.id
    }
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
  depends_on = [google_service_networking_connection.private_services]
}

resource "google_sql_database" "main" {
  name     = "smarthomecam"
  instance = google_sql_database_instance.main.name
}

resource "google_sql_user" "app" {
  name     = "smarthomecam"
  instance = google_sql_database_instance.main.name
  password = random_password.database.result
}

# --- Secrets: generated once, shared by every replica ---
resource "random_id" "stream_key" {
  byte_length = 32
}

resource "random_id" "oauth_signing_key" {
  byte_length = 32
}

resource "random_id" "oauth_encryption_key" {
  byte_length = 32
}

resource "google_secret_manager_secret" "app" {
  for_each  = local.secrets
  secret_id = "smarthomecam-${replace(lower(each.key), "__", "-")}"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_version" "app" {
  for_each    = local.secrets
  secret      = google_secret_manager_secret.app[each.key].id
  secret_data = each.value
}

resource "google_service_account" "run" {
  account_id   = "smarthomecam"
  display_name = "SmartHomeCam Cloud Run service"
}

resource "google_secret_manager_secret_iam_member" "run" {
  for_each  = local.secrets
  secret_id = google_secret_manager_secret.app[each.key].id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.run.email}"
}

# --- The service ---
resource "google_cloud_run_v2_service" "main" {
  name     = "smarthomecam"
  location = var.region
  ingress  = "INGRESS_TRAFFIC_ALL"

  template {
    service_account                  = google_service_account.run.email
    max_instance_request_concurrency = 250
    # Capture sessions run between requests: keep CPU allocated and give shutdown time to stop cameras.
    timeout = "300s"
    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }
    vpc_access {
      connector = google_vpc_access_connector.main.id
      egress    = "PRIVATE_RANGES_ONLY"
    }
    containers {
      image = var.image
      ports {
        container_port = 8080
      }
      resources {
        cpu_idle = false
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
      }
      env {
        name  = "SmartHomeCam__PublicBaseUrl"
        value = "https://${var.domain}"
      }
      env {
        name  = "Database__Provider"
        value = "Postgres"
      }
      env {
        name  = "Redis__Configuration"
        value = "${google_redis_instance.main.host}:${google_redis_instance.main.port}"
      }
      env {
        name  = "Google__ProjectId"
        value = var.google_home_project_id
      }
      env {
        name  = "Logging__Console__FormatterName"
        value = "json"
      }
      dynamic "env" {
        for_each = local.secrets
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.app[env.key].secret_id
              version = "latest"
            }
          }
        }
      }
      startup_probe {
        http_get {
          path = "/healthz"
        }
        period_seconds    = 2
        failure_threshold = 60
      }
      liveness_probe {
        http_get {
          path = "/healthz"
        }
      }
    }
  }
  depends_on = [google_secret_manager_secret_iam_member.run, google_secret_manager_secret_version.app]
}

# Google and Chromecasts fetch without credentials: the service checks its own OAuth and stream tokens.
resource "google_cloud_run_v2_service_iam_member" "public" {
  name     = google_cloud_run_v2_service.main.name
  location = var.region
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloud_run_domain_mapping" "main" {
  name     = var.domain
  location = var.region
  metadata {
    namespace = var.project_id
  }
  spec {
    route_name = google_cloud_run_v2_service.main.name
  }
}
