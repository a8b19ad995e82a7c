using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartHomeCam.Data.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ArloAndHomeGraph : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArloCameras",
                columns: table => new
                {
                    Serial = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IpAddress = table.Column<string>(type: "text", nullable: false),
                    Model = table.Column<string>(type: "text", nullable: false),
                    Firmware = table.Column<string>(type: "text", nullable: false),
                    HardwareRevision = table.Column<string>(type: "text", nullable: false),
                    Capabilities = table.Column<string>(type: "text", nullable: false),
                    BatteryPercent = table.Column<int>(type: "integer", nullable: true),
                    SignalStrength = table.Column<int>(type: "integer", nullable: true),
                    Temperature = table.Column<int>(type: "integer", nullable: true),
                    Charging = table.Column<bool>(type: "boolean", nullable: true),
                    FirstSeenAt = table.Column<long>(type: "bigint", nullable: false),
                    LastSeenAt = table.Column<long>(type: "bigint", nullable: false),
                    LastRegisteredAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArloCameras", x => x.Serial);
                });

            migrationBuilder.CreateTable(
                name: "ArloStreamJournal",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Serial = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RtspUrl = table.Column<string>(type: "text", nullable: false),
                    SessionId = table.Column<string>(type: "text", nullable: true),
                    OpenedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArloStreamJournal", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HomeGraphAccounts",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    AgentUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StoppedAt = table.Column<long>(type: "bigint", nullable: true),
                    StoppedReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PendingSince = table.Column<long>(type: "bigint", nullable: true),
                    LastReportAt = table.Column<long>(type: "bigint", nullable: true),
                    LastRequestSyncAt = table.Column<long>(type: "bigint", nullable: true),
                    LastNotificationAt = table.Column<long>(type: "bigint", nullable: true),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LastErrorAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeGraphAccounts", x => x.UserId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HomeGraphAccounts_PendingSince",
                table: "HomeGraphAccounts",
                column: "PendingSince");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArloCameras");

            migrationBuilder.DropTable(
                name: "ArloStreamJournal");

            migrationBuilder.DropTable(
                name: "HomeGraphAccounts");
        }
    }
}
