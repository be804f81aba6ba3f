-- DropIndex
DROP INDEX "Article_status_publishedAt_id_idx";

-- CreateIndex
CREATE INDEX "Article_status_publishedAt_id_categoryId_idx" ON "Article"("status", "publishedAt" DESC, "id" DESC, "categoryId");
