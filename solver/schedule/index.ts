export { scheduleSteps, type ScheduleStepsParameters } from './scheduleSteps.ts'
