using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartHomeCam.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HomeGraph : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "HomeGraphAccounts");
        }
    }
}
