using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartHomeCam.Data.Migrations.Sqlite.Migrations
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
                    Serial = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", nullable: false),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Firmware = table.Column<string>(type: "TEXT", nullable: false),
                    HardwareRevision = table.Column<string>(type: "TEXT", nullable: false),
                    Capabilities = table.Column<string>(type: "TEXT", nullable: false),
                    BatteryPercent = table.Column<int>(type: "INTEGER", nullable: true),
                    SignalStrength = table.Column<int>(type: "INTEGER", nullable: true),
                    Temperature = table.Column<int>(type: "INTEGER", nullable: true),
                    Charging = table.Column<bool>(type: "INTEGER", nullable: true),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastRegisteredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArloCameras", x => x.Serial);
                });

            migrationBuilder.CreateTable(
                name: "ArloStreamJournal",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RtspUrl = table.Column<string>(type: "TEXT", nullable: false),
                    SessionId = table.Column<string>(type: "TEXT", nullable: true),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArloStreamJournal", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HomeGraphAccounts",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AgentUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StoppedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StoppedReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PendingSince = table.Column<long>(type: "INTEGER", nullable: true),
                    LastReportAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRequestSyncAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastNotificationAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LastErrorAt = table.Column<long>(type: "INTEGER", nullable: true)
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
