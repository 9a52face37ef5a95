#!/usr/bin/env bash
# Nightly backup of Musrenbang Anak Digital (docs/DEPLOY.md#backups):
# the database with pg_dump -Fc (one consistent snapshot, no downtime) and
# the uploaded files (MEDIA_ROOT, and PRIVATE_MEDIA_ROOT: scans of consent
# forms, so the backup folder is readable by the service user only).
# The environment comes from /etc/musrenbang/env (DATABASE_URL, MEDIA_ROOT,
# PRIVATE_MEDIA_ROOT); BACKUP_DIR and KEEP_DAYS from the unit.
set -euo pipefail
umask 077
BACKUP_DIR=${BACKUP_DIR:-/var/backups/musrenbang}
KEEP_DAYS=${KEEP_DAYS:-14}
STAMP=$(date +%Y-%m-%d_%H%M)
mkdir -p "$BACKUP_DIR"

# pg_dump understands DATABASE_URL as a connection URI (postgres://…).
pg_dump -Fc --dbname="$DATABASE_URL" -f "$BACKUP_DIR/musrenbang-$STAMP.dump.part"
mv "$BACKUP_DIR/musrenbang-$STAMP.dump.part" "$BACKUP_DIR/musrenbang-$STAMP.dump"
# A dump that pg_restore cannot list is no backup.
pg_restore --list "$BACKUP_DIR/musrenbang-$STAMP.dump" >/dev/null

tar -C / -czf "$BACKUP_DIR/media-$STAMP.tar.gz.part" \
    "${MEDIA_ROOT#/}" "${PRIVATE_MEDIA_ROOT#/}"
mv "$BACKUP_DIR/media-$STAMP.tar.gz.part" "$BACKUP_DIR/media-$STAMP.tar.gz"

find "$BACKUP_DIR" -name 'musrenbang-*.dump' -mtime +"$KEEP_DAYS" -delete
find "$BACKUP_DIR" -name 'media-*.tar.gz' -mtime +"$KEEP_DAYS" -delete
echo "backup $STAMP: $(du -h "$BACKUP_DIR/musrenbang-$STAMP.dump" | cut -f1) database, $(du -h "$BACKUP_DIR/media-$STAMP.tar.gz" | cut -f1) media"
