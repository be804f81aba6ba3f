-- CreateTable
CREATE TABLE "PublicationEvent" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "articleId" INTEGER,
    "articleVersion" INTEGER,
    "article" JSONB,
    "tags" TEXT[],
    "toWebhook" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "cancelledAt" TIMESTAMPTZ(3),
    "dispatchedAt" TIMESTAMPTZ(3),
    "webhookAttempts" INTEGER NOT NULL DEFAULT 0,
    "webhookNextAttemptAt" TIMESTAMPTZ(3),
    "webhookDeliveredAt" TIMESTAMPTZ(3),
    "lastError" TEXT,

    CONSTRAINT "PublicationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PublicationEvent_dispatchedAt_dueAt_idx" ON "PublicationEvent"("dispatchedAt", "dueAt");

-- CreateIndex
CREATE INDEX "PublicationEvent_webhookNextAttemptAt_idx" ON "PublicationEvent"("webhookNextAttemptAt");

-- CreateIndex
CREATE INDEX "PublicationEvent_dueAt_idx" ON "PublicationEvent"("dueAt");

-- CreateIndex
CREATE INDEX "PublicationEvent_articleId_idx" ON "PublicationEvent"("articleId");
