using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartHomeCam.Data.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HomegraphDeviceKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DeviceKind",
                table: "KnownCameras",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Camera");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DeviceKind",
                table: "KnownCameras");
        }
    }
}
