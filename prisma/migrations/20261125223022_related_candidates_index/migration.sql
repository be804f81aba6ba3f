-- CreateIndex
CREATE INDEX "Article_id_status_publishedAt_categoryId_idx" ON "Article"("id", "status", "publishedAt", "categoryId");
